package dev.wharf.runtime.internal.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.RestartPolicy;
import dev.wharf.api.http.HttpField;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import dev.wharf.runtime.internal.actor.Carried;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.DeadLetters;
import dev.wharf.runtime.internal.actor.Envelope;
import dev.wharf.runtime.internal.actor.Harness;
import dev.wharf.runtime.internal.guest.FakeModule;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The parcel between two runtimes: what goes in comes out, and what no runtime takes is answered. */
class ParcelsTest {

    final Harness h = new Harness();
    final DeadLetters deadLetters = new DeadLetters(10, System.getLogger("test"));

    @AfterEach
    void close() {
        h.close();
    }

    ComponentActor actor() {
        return h.actor("c", new FakeModule("m"), Harness.limits(500, RestartPolicy.PERMANENT, 5));
    }

    @Test
    void aComponentPackedIsUnpackedWithItsStateAndItsMessagesInOrder() {
        ComponentActor a = actor();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        Envelope.Deliver ask = new Envelope.Deliver(ComponentId.HOST, a.id(), "q".getBytes(), reply, deadLetters);
        Envelope.Deliver tell = new Envelope.Deliver(ComponentId.of("other"), a.id(), "t".getBytes(), null, deadLetters);
        Map<String, Object> packed = Parcels.component(a, new Carried("s".getBytes(), List.of(ask, tell)));

        assertThat(Parcels.from(packed, "test.bundle")).isTrue();
        assertThat(Parcels.from(packed, "another.bundle")).isFalse();
        Carried unpacked = Parcels.unpack(packed, a, deadLetters);
        assertThat(new String(unpacked.state())).isEqualTo("s");
        assertThat(unpacked.messages()).hasSize(2);
        Envelope.Deliver first = (Envelope.Deliver) unpacked.messages().get(0);
        assertThat(first.reply()).isSameAs(reply);
        assertThat(new String(first.payload())).isEqualTo("q");
        Envelope.Deliver second = (Envelope.Deliver) unpacked.messages().get(1);
        assertThat(second.sender()).isEqualTo(ComponentId.of("other"));
        assertThat(second.reply()).isNull();
    }

    @Test
    void anHttpRequestIsCarriedWithTheFutureItsServletWaitsOnAndAnsweredUnavailableWhenNoRuntimeTakesIt() {
        ComponentActor a = actor();
        IncomingRequest request = new IncomingRequest("POST", "http", "localhost", "/x?y=1",
                List.of(HttpField.of("accept", "text/plain")), "body".getBytes());
        CompletableFuture<OutgoingResponse> result = new CompletableFuture<>();
        Map<String, Object> packed = Parcels.component(a, new Carried(null, List.of(new Envelope.Http(request, result))));

        Envelope.Http carried = (Envelope.Http) Parcels.unpack(packed, a, deadLetters).messages().get(0);
        assertThat(carried.request()).isEqualTo(request);
        assertThat(carried.result()).isSameAs(result);
        assertThat(Parcels.failAll(packed, deadLetters)).isEqualTo(1);
        assertThatThrownBy(() -> result.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(ComponentUnavailableException.class);
    }

    @Test
    void whatNoRuntimeTakesIsAnsweredAnAskWithUnavailableATellInTheDeadLetters() {
        ComponentActor a = actor();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        Map<String, Object> packed = Parcels.component(a, new Carried(null, List.of(
                new Envelope.Deliver(ComponentId.HOST, a.id(), "q".getBytes(), reply, deadLetters),
                new Envelope.Deliver(ComponentId.of("other"), a.id(), "t".getBytes(), null, deadLetters))));

        assertThat(Parcels.failAll(packed, deadLetters)).isEqualTo(2);
        assertThatThrownBy(() -> reply.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ComponentUnavailableException.class);
        assertThat(deadLetters.newest(10)).singleElement().satisfies(d -> assertThat(d.sender()).isEqualTo(ComponentId.of("other")));
    }

    @Test
    void aParcelIsTakenOnceByIdAndTheRestOnce() {
        ComponentActor a = actor();
        Parcel parcel = new Parcel(List.of(Parcels.component(a, new Carried(null, List.of()))), 1, "1.0");
        assertThat(parcel.remove(ComponentId.of("c"))).isPresent();
        assertThat(parcel.remove(ComponentId.of("c"))).isEmpty();
        assertThat(parcel.rest()).isEmpty();
    }
}
