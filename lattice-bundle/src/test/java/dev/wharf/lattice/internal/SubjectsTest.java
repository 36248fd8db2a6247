package dev.wharf.lattice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import org.junit.jupiter.api.Test;

class SubjectsTest {

    private final Subjects subjects = new Subjects("prod");

    @Test
    void aMessageSubjectCarriesReceiverNodeAndSenderAndIsReadBack() {
        String s = subjects.message(ComponentId.of("tally.a"), "node-1", ComponentId.of("fan_out"));
        assertThat(s).isEqualTo("wharf.prod.msg.tally~a.node-1.fan_out");
        assertThat(subjects.parse(s)).isEqualTo(new Subjects.Addressed(ComponentId.of("tally.a"), "node-1",
                ComponentId.of("fan_out")));
        assertThat(subjects.messagesFor(ComponentId.of("tally.a"))).isEqualTo("wharf.prod.msg.tally~a.*.*");
        assertThat(Subjects.queue(ComponentId.of("tally.a"))).isEqualTo("tally~a");
    }

    @Test
    void subjectsOfOtherLatticesAndMalformedOnesAreNotMessages() {
        assertThat(subjects.parse("wharf.test.msg.a.n.b")).isNull();
        assertThat(subjects.parse("wharf.prod.node.b")).isNull();
        assertThat(subjects.parse("wharf.prod.msg.a.n")).isNull();
        assertThat(subjects.parse("wharf.prod.msg.a.n.b.c")).isNull();
        assertThat(subjects.parse("wharf.prod.msg.A.n.b")).as("not a component id").isNull();
        assertThat(subjects.parse("wharf.prod.msg.a..b")).as("no node").isNull();
    }

    @Test
    void nodeAndReplySubjectsStayUnderTheLattice() {
        assertThat(subjects.node("b")).isEqualTo("wharf.prod.node.b");
        assertThat(subjects.allNodes()).isEqualTo("wharf.prod.node.*");
        assertThat(subjects.replies("b")).isEqualTo("wharf.prod.reply.b");
    }
}
