/** agent install and uninstall: plan, register, write the base dir and the service; undo it all on a failure. */
package com.trafikito.agent.install;
