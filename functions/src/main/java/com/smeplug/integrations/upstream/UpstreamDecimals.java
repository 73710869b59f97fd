package com.smeplug.integrations.upstream;

import java.math.BigDecimal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A decimal an upstream sent, held to what an answer can carry: our JSON writes decimals in plain notation, which
 * cannot be done past a scale of +-9,999 ("1E+10000" is valid JSON and a valid OData Edm.Decimal), and a JSON number
 * that large reads as an infinite double, so such a value is the upstream's error (502), not a failure of the answer
 * (500).
 */
public final class UpstreamDecimals {

    /** Far beyond any quantity, price or revenue, far inside what plain notation can write. */
    static final int MAX_SCALE = 1_000;

    private UpstreamDecimals() {
    }

    /** A JSON number node's value. */
    public static BigDecimal of(JsonNode number, String system, String field) {
        try {
            return checked(number.decimalValue(), system, field);
        }
        catch (JacksonException notFinite) {
            throw UpstreamFailure.error(system + " sent an out-of-range " + field);
        }
    }

    public static BigDecimal checked(BigDecimal value, String system, String field) {
        if (value != null && Math.abs(value.scale()) > MAX_SCALE) {
            throw UpstreamFailure.error(system + " sent an out-of-range " + field);
        }
        return value;
    }
}
