package com.smeplug.finetune;

/** One training example a tenant submitted: a prompt and the completion it wants for it. */
record Example(String prompt, String completion) {
}
