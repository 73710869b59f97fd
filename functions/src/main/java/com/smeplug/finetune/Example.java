package com.smeplug.finetune;

/** One training example a tenant submitted: a prompt and the completion it wants for it. */
public record Example(String prompt, String completion) {
}
