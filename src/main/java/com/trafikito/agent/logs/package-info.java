/** The daemon's log file in var/, written only while nobody else could plant a link there. */
package com.trafikito.agent.logs;
