/** available_commands.sh: what may run, parsed and loaded only from a file the agent's user can trust. */
package com.trafikito.agent.whitelist;
