package com.smeplug.integrations;

import org.springframework.context.annotation.Configuration;

/** The integrations feature's beans and functions. */
@Configuration(proxyBeanMethods = false)
public class IntegrationsConfiguration {
}
