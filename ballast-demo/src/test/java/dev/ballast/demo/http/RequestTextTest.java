package dev.ballast.demo.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.demo.api.ValidationException;
import org.junit.jupiter.api.Test;

/**
 * The strict query decoder on its own. The JDK server already refuses a malformed escape in the request line with a
 * 400 of its own, so these inputs reach the decoder only if another server (or a future JDK) passes them through.
 */
class RequestTextTest {

    @Test
    void malformedEscapesInvalidUtf8AndControlCharactersAreValidationErrors() {
        for (String raw : new String[] {"status=%", "status=%z", "status=%zz", "status=%E0%A4", "status=%C0%AF",
            "status=Open%00", "status=%D9%A1", "%=x", "status=\u00e9"}) {
            if (raw.equals("status=%D9%A1")) {
                assertThat(RequestText.query(raw)).containsEntry("status", "\u0661"); // valid UTF-8, left to the field
                continue;
            }
            assertThatThrownBy(() -> RequestText.query(raw)).as(raw).isInstanceOf(ValidationException.class)
                    .satisfies(e -> assertThat(((ValidationException) e).errors()).containsKey("query"));
        }
    }

    @Test
    void wellFormedQueriesDecode() {
        assertThat(RequestText.query("status=In%20Progress&limit=5&status=Open&&flag"))
                .containsEntry("status", "In Progress").containsEntry("limit", "5").containsEntry("flag", "");
        assertThat(RequestText.query("q=caf%C3%A9+au+lait")).containsEntry("q", "caf\u00e9 au lait");
        assertThat(RequestText.query(null)).isEmpty();
    }

    @Test
    void idsAreOneToEighteenAsciiDigits() {
        assertThat(RequestText.id("1")).isEqualTo(1);
        assertThat(RequestText.id("000123")).isEqualTo(123);
        assertThat(RequestText.id("999999999999999999")).isEqualTo(999_999_999_999_999_999L);
        for (String bad : new String[] {"", "\u0661\u0662\u0663", "+1", " 1", "1 ", "-1", "0x1", "1e3",
            "9999999999999999999", "\uff11"}) {
            assertThat(RequestText.id(bad)).as(bad).isEqualTo(-1);
        }
    }

    @Test
    void onlyJsonInUtf8IsAccepted() {
        RequestText.requireJson("application/json");
        RequestText.requireJson("application/json; charset=UTF-8");
        RequestText.requireJson("application/problem+json");
        for (String bad : new String[] {null, "", "text/plain", "application/jsonx", "application/json; charset=latin1",
            "multipart/form-data; boundary=x"}) {
            assertThatThrownBy(() -> RequestText.requireJson(bad)).as(String.valueOf(bad))
                    .isInstanceOf(ClientError.class).satisfies(e -> assertThat(((ClientError) e).status()).isEqualTo(415));
        }
    }
}
