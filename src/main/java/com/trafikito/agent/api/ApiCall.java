package com.trafikito.agent.api;

import java.io.InputStream;
import java.util.function.Function;

/**
 * One call of PROTOCOL.md, ready to go to any edge: which endpoint it is (for the metrics and the logs) and how
 * it is sent on that edge's client. Built by {@link WireForms}; the same call can be sent again on a retry.
 *
 * @param send sends the request on a client and returns the answer's stream; it holds the request's fields,
 *             which may be secrets, so a call is never logged
 */
record ApiCall(Endpoint endpoint, Function<TrafikitoApi, InputStream> send) {

    @Override
    public String toString() {
        return "ApiCall[" + endpoint.label() + "]";
    }
}
