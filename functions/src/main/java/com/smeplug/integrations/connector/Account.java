package com.smeplug.integrations.connector;

import java.math.BigDecimal;

/** A tenant's customer account as its CRM holds it. */
public record Account(String accountId, String name, String industry, BigDecimal annualRevenue,
        Integer employeeCount, String phone, String website) {
}
