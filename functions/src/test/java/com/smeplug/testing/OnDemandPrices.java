package com.smeplug.testing;

/**
 * us-east-1 on-demand list prices (USD) used by the cost measurements (RequestCostIT, FinetuneCostIT), as published at
 * the time of writing; check https://aws.amazon.com/pricing before relying on them.
 */
public final class OnDemandPrices {

    public static final double LAMBDA_PER_REQUEST = 0.20 / 1_000_000;
    /** arm64, the template's architecture. */
    public static final double LAMBDA_ARM_PER_GB_SECOND = 0.0000133334;
    public static final double HTTP_API_PER_REQUEST = 1.00 / 1_000_000;
    public static final double DYNAMODB_PER_READ_UNIT = 0.125 / 1_000_000;
    public static final double DYNAMODB_PER_WRITE_UNIT = 0.625 / 1_000_000;
    public static final double SQS_PER_REQUEST = 0.40 / 1_000_000;

    private OnDemandPrices() {
    }
}
