/** Text from outside made safe to show on one line. */
package com.trafikito.agent.text;
