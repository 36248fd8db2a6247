package dev.wharf.lattice.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentId;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.NoReplyException;
import dev.wharf.api.WharfException;
import io.nats.client.Message;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

/** The answer of an ask as it crosses NATS, and the error the asker gets from it. */
class RepliesTest {

    private static final ComponentId WORKER = ComponentId.of("worker");

    private static Message reply(Throwable failure, byte[] data) {
        return NatsMessage.builder().subject("wharf.x.reply.a.1")
                .headers(failure == null ? Replies.ok("b") : Replies.error("b", failure))
                .data(failure == null ? data : Replies.text(failure)).build();
    }

    @Test
    void aReplyComesBackAsItsBytes() {
        assertThat(Replies.read(reply(null, new byte[] {1, 2}), WORKER)).containsExactly(1, 2);
    }

    @Test
    void aRefusalKeepsItsCodeAndNamesTheNode() {
        WharfException denied = new DeliveryRefusedException(ErrorCode.DENIED, "component 'worker' does not receive from 'x'");
        assertThatThrownBy(() -> Replies.read(reply(denied, null), WORKER))
                .isInstanceOfSatisfying(DeliveryRefusedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DENIED))
                .hasMessage("node b: component 'worker' does not receive from 'x'");
    }

    @Test
    void aGuestErrorKeepsTheGuestsCode() {
        assertThatThrownBy(() -> Replies.read(reply(new GuestErrorException(WORKER, 7), null), WORKER))
                .isInstanceOfSatisfying(GuestErrorException.class, e -> assertThat(e.guestCode()).isEqualTo(7));
        assertThatThrownBy(() -> Replies.read(reply(new NoReplyException("no reply"), null), WORKER))
                .isInstanceOf(NoReplyException.class);
        assertThatThrownBy(() -> Replies.read(reply(new IllegalStateException("boom"), null), WORKER))
                .isInstanceOf(GuestErrorException.class).hasMessageContaining("node b: boom");
    }
}
