/** Settings and files: the agent's configuration and its sources, the base dir's paths, the server's credentials. */
package com.trafikito.agent.config;
