/** agent status and agent check: what an installation holds and what is wrong with it, read from its files. */
package com.trafikito.agent.status;
