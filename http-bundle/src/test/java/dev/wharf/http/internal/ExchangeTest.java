package dev.wharf.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentId;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestTrapException;
import org.junit.jupiter.api.Test;

/** The pure parts of the servlet: paths below a component's, and the status of each error (beside HttpComponentIT). */
class ExchangeTest {

    @Test
    void thePathBelowTheComponentsIsWhatFollowsItAsReceivedWithTheQuery() {
        assertThat(Exchange.below("/shorten/abc", "/shorten", "/abc", "x=1")).isEqualTo("/abc?x=1");
        assertThat(Exchange.below("/shorten", "/shorten", null, null)).isEqualTo("/");
        assertThat(Exchange.below("/shorten/", "/shorten", "/", null)).isEqualTo("/");
        assertThat(Exchange.below("/shorten/a%2Fb", "/shorten", "/a/b", null)).isEqualTo("/a%2Fb");
        // an escaped character in the component's own path: the decoded rest stands in
        assertThat(Exchange.below("/short%65n/x", "/shorten", "/x", null)).isEqualTo("/x");
        assertThat(Exchange.below("/shortener", "/shorten", null, null)).isEqualTo("/");
    }

    @Test
    void errorsMapToTheirStatusesAndOnlyTheCallersOwnProblemsAreExplained() {
        assertThat(Answers.status(ErrorCode.TIMEOUT)).isEqualTo(504);
        assertThat(Answers.status(ErrorCode.BUSY)).isEqualTo(503);
        assertThat(Answers.status(ErrorCode.MAILBOX_FULL)).isEqualTo(503);
        assertThat(Answers.status(ErrorCode.UNAVAILABLE)).isEqualTo(503);
        assertThat(Answers.status(ErrorCode.TOO_LARGE)).isEqualTo(413);
        assertThat(Answers.status(ErrorCode.TRAP)).isEqualTo(500);
        assertThat(Answers.status(ErrorCode.GUEST_ERROR)).isEqualTo(500);
        assertThat(Answers.status(null)).isEqualTo(500);
        ComponentId c = ComponentId.of("c");
        assertThat(Answers.text(new GuestTrapException(c, "handle", "secret detail of the guest", null)))
                .isEqualTo("trap (22)");
        assertThat(Answers.text(new DeliveryRefusedException(ErrorCode.BUSY, "component 'c' has 16 HTTP requests under way")))
                .isEqualTo("busy (36): component 'c' has 16 HTTP requests under way");
        assertThat(Answers.text(new CallTimeoutException(c, 250))).startsWith("timeout (23): ");
    }
}
