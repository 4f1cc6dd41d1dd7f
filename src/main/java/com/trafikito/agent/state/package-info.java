/** The files of var/ (state, STOP, the cached answer) and the base dir's lock, written only where safe. */
package com.trafikito.agent.state;
