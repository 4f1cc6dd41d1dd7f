/** The health probes at /q/health: liveness (the agent is wedged) and readiness (it cannot do its job). */
package com.trafikito.agent.health;
