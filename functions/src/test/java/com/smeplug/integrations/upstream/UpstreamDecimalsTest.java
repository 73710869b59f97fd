package com.smeplug.integrations.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.smeplug.platform.http.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * An upstream decimal too large or too small to write in plain notation is the upstream's error, found as it is read,
 * not a 500 when the answer is written. Found by review: "1E+10000" passed the read and failed the response.
 */
class UpstreamDecimalsTest {

    /** As upstream bodies are read: Jackson's defaults (a JSON number with a fraction or exponent is a double). */
    static final JsonMapper UPSTREAM = JsonMapper.builder().build();

    @Test
    void a_decimal_past_what_plain_notation_can_write_is_refused_as_the_upstreams_error() {
        for (String json : new String[] {"{\"Qty\": \"1E+10000\"}", "{\"Qty\": 1E+10000}", "{\"Qty\": \"1E-10000\"}"}) {
            assertThatThrownBy(() -> ODataV2.decimal(UPSTREAM.readTree(json), "Qty", "SAP"))
                    .as(json).isInstanceOf(UpstreamFailure.class).hasMessage("SAP sent an out-of-range Qty");
        }
    }

    @Test
    void ordinary_quantities_and_revenues_are_read_and_written_plain() {
        var quantity = ODataV2.decimal(UPSTREAM.readTree("{\"Qty\": \"2400.000\"}"), "Qty", "SAP");
        var revenue = ODataV2.decimal(UPSTREAM.readTree("{\"Revenue\": 1.24E+7}"), "Revenue", "Salesforce");

        assertThat(Json.write(java.util.Map.of("q", quantity.stripTrailingZeros(), "r", revenue.stripTrailingZeros())))
                .contains("\"q\":2400", "\"r\":12400000");
    }
}
