package com.smeplug.chat;

/** The body of {@code POST /chat}. Unknown fields are ignored; wrong types are a 400 naming the field. */
record ChatRequest(String message, String sessionId, String activePlug) {
}
