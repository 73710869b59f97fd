package com.smeplug.chat;

/** Produces the answer to one question: offline (extracted from the passages) or by Claude. */
interface Responder {

    Answer answer(Question question);
}
