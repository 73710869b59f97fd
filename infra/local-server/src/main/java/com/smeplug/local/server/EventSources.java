package com.smeplug.local.server;

import java.util.ArrayList;
import java.util.List;

import com.smeplug.local.aws.LocalAws;
import com.smeplug.local.aws.SamTemplate;

/** The template's SQS event sources, polled locally the way Lambda's event source mapping would. */
final class EventSources {

    private EventSources() {
    }

    static List<AutoCloseable> start(LocalAws aws, SamTemplate template, Functions functions) {
        List<AutoCloseable> sources = new ArrayList<>();
        // Filled in once the SQS event source poller exists (fine-tune steps).
        return sources;
    }
}
