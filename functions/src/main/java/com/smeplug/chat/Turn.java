package com.smeplug.chat;

import java.time.Instant;

/** One stored exchange of a session: the user's message and the reply, with the plug that answered. */
record Turn(int number, String message, String reply, String plugId, Instant createdAt) {
}
