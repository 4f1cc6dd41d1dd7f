/** What a user can do: the commands run, check, install, uninstall and status, and the checks before them. */
package com.trafikito.agent.cli;
