package com.smeplug.billing;

import org.springframework.context.annotation.Configuration;

/** The billing feature's beans and functions. */
@Configuration(proxyBeanMethods = false)
public class BillingConfiguration {
}
