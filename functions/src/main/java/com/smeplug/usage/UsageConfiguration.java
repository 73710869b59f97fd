package com.smeplug.usage;

import org.springframework.context.annotation.Configuration;

/** The usage feature's beans and functions. */
@Configuration(proxyBeanMethods = false)
public class UsageConfiguration {
}
