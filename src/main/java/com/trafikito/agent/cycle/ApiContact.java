package com.trafikito.agent.cycle;

/**
 * What a cycle tells about the API's health: readiness goes DOWN after three cycles in a row without a 2xx
 * answer (DESIGN.md, Health), so each cycle either resets that streak, extends it, or leaves it alone.
 */
public enum ApiContact {

    /** The API gave a 2xx answer. */
    ANSWERED,
    /** No 2xx answer: a non-2xx status, or no answer at all. */
    UNANSWERED,
    /** No call was made, or the cycle ended (a stop, an internal error) before its calls could tell. */
    NOT_COUNTED;

    /** The number of cycles in a row without a 2xx answer, once this cycle is counted. */
    public int failuresInARow(int before) {
        return switch (this) {
            case ANSWERED -> 0;
            case UNANSWERED -> before + 1;
            case NOT_COUNTED -> before;
        };
    }
}
