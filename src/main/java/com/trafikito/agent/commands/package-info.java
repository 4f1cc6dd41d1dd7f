/** How a whitelisted command runs: process group, environment, time and output limits, leftovers killed. */
package com.trafikito.agent.commands;
