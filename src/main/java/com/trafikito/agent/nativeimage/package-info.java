/** What a native image must be told: everything reached by reflection, as a resource or by service loading. */
package com.trafikito.agent.nativeimage;
