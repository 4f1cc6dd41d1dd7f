/** The machine: its facts and users, its tools and service manager, and changes to it, each with its undo. */
package com.trafikito.agent.host;
