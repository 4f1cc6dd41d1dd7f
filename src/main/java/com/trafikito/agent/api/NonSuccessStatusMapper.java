package com.trafikito.agent.api;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * A status other than 2xx is a failed call, whatever its body says, and the body is not read
 * (the shell agent glued four HTTP 500 error pages into one "answer"). Covers 1xx and 3xx too.
 */
public class NonSuccessStatusMapper implements ResponseExceptionMapper<ApiStatusException> {

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        // Status 0 is how the client reports a network failure: that is not an answer of the API.
        return status >= 100 && (status < 200 || status >= 300);
    }

    @Override
    public ApiStatusException toThrowable(Response response) {
        return new ApiStatusException(response.getStatus());
    }
}
