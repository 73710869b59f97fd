package com.smeplug.plugs;

import java.util.List;

/** One expert plug of the catalogue, with the persona the chat agent speaks in. */
public record Plug(String plugId, String name, String description, List<String> domains, Persona persona) {

    public record Persona(String scope, String tone, String refuses, String disclaimer) {
    }
}
