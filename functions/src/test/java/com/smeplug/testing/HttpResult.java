package com.smeplug.testing;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.smeplug.platform.http.Json;
import tools.jackson.databind.JsonNode;

/** The API Gateway response a function produced, as the client will see it. */
public record HttpResult(int status, Map<String, String> headers, String body, JsonNode raw) {

    public static HttpResult parse(String responseJson) {
        JsonNode root = Json.tree(responseJson);
        Map<String, String> headers = new HashMap<>();
        JsonNode h = root.path("headers");
        h.propertyNames().forEach(name -> headers.put(name.toLowerCase(Locale.ROOT), h.get(name).asString()));
        JsonNode multi = root.path("multiValueHeaders");
        multi.propertyNames().forEach(name -> headers.putIfAbsent(name.toLowerCase(Locale.ROOT), multi.get(name).toString()));
        return new HttpResult(root.path("statusCode").asInt(), headers, root.path("body").asString(null), root);
    }

    public JsonNode json() {
        return Json.tree(body);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String errorCode() {
        return json().path("error").path("code").asString();
    }
}
