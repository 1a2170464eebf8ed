package dev.ballast.demo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class ValidationTest {

    @Test
    void aValidTicketIsTrimmedAndDefaulted() {
        CreateTicket c = Validation.ticket(new NewTicket("  Printer on fire ", null, "high", null, null));
        assertThat(c.title()).isEqualTo("Printer on fire");
        assertThat(c.description()).isEmpty();
        assertThat(c.priority()).isEqualTo(Priority.High);
        assertThat(Validation.ticket(new NewTicket("t", "d", null, 3L, null)).priority()).isEqualTo(Priority.Medium);
    }

    @Test
    void everyBrokenRuleIsReportedAtOnceByField() {
        assertThatThrownBy(() -> Validation.ticket(new NewTicket(" ", "x".repeat(4001), "Urgent", 0L, "nope")))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).errors(), InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("title", "description", "priority", "reporterId", "requestKey");
    }

    @Test
    void requestKeyMustBeAUuid() {
        UUID key = UUID.randomUUID();
        assertThat(Validation.ticket(new NewTicket("t", null, null, null, key.toString())).requestKey())
                .isEqualTo(key);
    }

    @Test
    void missingBodyIsReportedAsBody() {
        assertThatThrownBy(() -> Validation.ticket(null)).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).errors(), InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("body");
    }

    @Test
    void users() {
        assertThat(Validation.user(new NewUser(" Ada ", "ada@example.com")).name()).isEqualTo("Ada");
        assertThatThrownBy(() -> Validation.user(new NewUser("Ada", "not-an-address")))
                .extracting(e -> ((ValidationException) e).errors(), InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("email");
    }

    @Test
    void statusAndLimit() {
        assertThat(Validation.patch(new TicketPatch("inprogress"))).isEqualTo(TicketStatus.InProgress);
        assertThatThrownBy(() -> Validation.patch(new TicketPatch("Done"))).hasMessageContaining("status");
        assertThatThrownBy(() -> Validation.patch(null)).hasMessageContaining("status");
        assertThat(Validation.statusFilter(null)).isNull();
        assertThat(Validation.limit(null, 50, 500)).isEqualTo(50);
        assertThat(Validation.limit("7", 50, 500)).isEqualTo(7);
        assertThatThrownBy(() -> Validation.limit("501", 50, 500)).hasMessageContaining("limit");
        assertThatThrownBy(() -> Validation.limit("x", 50, 500)).hasMessageContaining("limit");
    }
}
