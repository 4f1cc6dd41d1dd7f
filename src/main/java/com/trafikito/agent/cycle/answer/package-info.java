/** The grammar of a get_config answer: what it means, and the last one that ran, kept for a restart. */
package com.trafikito.agent.cycle.answer;
