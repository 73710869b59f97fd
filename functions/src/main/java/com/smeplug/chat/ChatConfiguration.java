package com.smeplug.chat;

import org.springframework.context.annotation.Configuration;

/** The chat feature's beans and functions. */
@Configuration(proxyBeanMethods = false)
public class ChatConfiguration {
}
