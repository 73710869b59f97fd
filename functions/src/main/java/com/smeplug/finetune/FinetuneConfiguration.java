package com.smeplug.finetune;

import org.springframework.context.annotation.Configuration;

/** The finetune feature's beans and functions. */
@Configuration(proxyBeanMethods = false)
public class FinetuneConfiguration {
}
