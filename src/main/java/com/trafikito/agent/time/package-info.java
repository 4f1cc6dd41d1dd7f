/** The monotonic clock that plans cycles and judges liveness. */
package com.trafikito.agent.time;
