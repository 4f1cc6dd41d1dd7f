package com.trafikito.agent.testing;

import java.nio.charset.StandardCharsets;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/** Reads the parts of a multipart request the fake API recorded. */
public final class Multipart {

    private Multipart() {
    }

    public static String field(LoggedRequest request, String name) {
        Request.Part part = request.getPart(name);
        if (part == null) {
            throw new AssertionError("no part " + name + " in " + request.getBodyAsString());
        }
        return new String(part.getBody().asBytes(), StandardCharsets.UTF_8);
    }

    public static Request.Part part(LoggedRequest request, String name) {
        return request.getPart(name);
    }
}
