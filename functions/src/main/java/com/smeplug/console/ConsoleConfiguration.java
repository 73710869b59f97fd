package com.smeplug.console;

import org.springframework.context.annotation.Configuration;

/** The console feature's beans and functions. */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration {
}
