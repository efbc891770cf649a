package org.touchpoint.sales.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Touch;

/** The reminder's life, without Spring: it fires once at its time; postponing arms it again; a done task never fires. */
class TaskTest {

    static final Instant DUE = Instant.parse("2026-11-05T15:00:00Z");

    static TaskRequest request(Instant due, String status) {
        return new TaskRequest("Volver a llamar a Carmen", "Pidió que la llamemos el jueves", "con_1", null, null, "user:lucia", due, status);
    }

    @Test
    void firesOnceAtTheDueTime() {
        Task t = Task.create("tsk_1", request(DUE, null), DUE.minusSeconds(3600));
        t.markPersisted(0);
        assertThat(t.fire(DUE.minusSeconds(1))).isFalse();
        assertThat(t.fire(DUE)).isTrue();
        Touch due = (Touch) t.emitted().getFirst().payload();
        assertThat(due.kind()).isEqualTo("task.due");
        assertThat(due.customerId()).isEqualTo("con_1");
        assertThat(due.refs()).containsEntry("taskId", "tsk_1");
        assertThat(due.attributes()).containsEntry("title", "Volver a llamar a Carmen").containsEntry("dueAt", DUE.toString())
                .containsEntry("ownerId", "user:lucia");
        t.markPersisted(1);
        assertThat(t.fire(DUE.plusSeconds(60))).isFalse();
        assertThat(t.emitted()).isEmpty();
    }

    @Test
    void postponingArmsTheReminderAgain() {
        Task t = Task.create("tsk_1", request(DUE, null), DUE.minusSeconds(3600));
        t.fire(DUE);
        t.markPersisted(1);
        t.update(request(DUE.plusSeconds(86400), null), DUE.plusSeconds(10));
        assertThat(t.firedAt()).isNull();
        assertThat(t.fire(DUE.plusSeconds(3600))).isFalse();
        assertThat(t.fire(DUE.plusSeconds(86400))).isTrue();
    }

    @Test
    void aDoneTaskDoesNotFire() {
        Task t = Task.create("tsk_1", request(DUE, null), DUE.minusSeconds(3600));
        t.update(request(DUE, "done"), DUE.minusSeconds(60));
        assertThat(t.fire(DUE)).isFalse();
        assertThat(t.toResponse(DUE.plusSeconds(1)).overdue()).isFalse();
    }

    @Test
    void editingAFiredTaskWithoutANewTimeDoesNotFireItAgain() {
        Task t = Task.create("tsk_1", request(DUE, null), DUE.minusSeconds(3600));
        t.fire(DUE);
        t.markPersisted(1);
        t.update(new TaskRequest("Llamar a Carmen (urgente)", null, "con_1", null, null, "user:lucia", DUE, null), DUE.plusSeconds(5));
        assertThat(t.fire(DUE.plusSeconds(10))).isFalse();
        assertThat(t.toResponse(DUE.plusSeconds(10)).overdue()).isTrue();
    }

    @Test
    void erasureDropsTheTextCancelsAnOpenTaskAndDisarmsItsReminder() {
        Task t = Task.create("tsk_1", request(DUE, null), DUE.minusSeconds(3600));
        t.markPersisted(0);
        Instant erasedAt = DUE.minusSeconds(60);
        assertThat(t.forgetPerson(erasedAt)).isTrue();
        Task.TaskResponse r = t.toResponse(erasedAt);
        assertThat(r.title()).isNull();
        assertThat(r.notes()).isNull();
        assertThat(r.status()).isEqualTo(Task.CANCELLED);
        assertThat(r.completedAt()).isEqualTo(erasedAt);
        assertThat(r.erasedAt()).isEqualTo(erasedAt);
        assertThat(r.customerId()).isEqualTo("con_1");
        assertThat(r.ownerId()).isEqualTo("user:lucia");
        assertThat(r.dueAt()).isEqualTo(DUE);
        assertThat(r.createdAt()).isEqualTo(DUE.minusSeconds(3600));
        assertThat(t.fire(DUE)).as("the reminder of an erased customer's task never fires").isFalse();
        assertThat(t.emitted()).isEmpty();
        assertThat(t.forgetPerson(DUE)).as("a second erasure changes nothing").isFalse();
        assertThat(t.toResponse(DUE).erasedAt()).isEqualTo(erasedAt);
    }

    @Test
    void anErasedDoneTaskKeepsItsStatusAndCannotBeEditedBackToLife() {
        Task t = Task.create("tsk_1", request(DUE, null), DUE.minusSeconds(3600));
        t.update(request(DUE, "done"), DUE.minusSeconds(600));
        t.markPersisted(1);
        t.forgetPerson(DUE);
        assertThat(t.status()).isEqualTo(Task.DONE);
        assertThat(t.toResponse(DUE).completedAt()).isEqualTo(DUE.minusSeconds(600));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.update(request(DUE.plusSeconds(86400), "open"), DUE.plusSeconds(1)))
                .isInstanceOfSatisfying(org.touchpoint.kit.web.CrmApiException.class, e -> assertThat(e.status().value()).isEqualTo(409));
        assertThat(t.toResponse(DUE).title()).isNull();
    }
}
