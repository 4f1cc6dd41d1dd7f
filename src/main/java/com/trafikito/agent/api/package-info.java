/** The wire to the Trafikito API: requests and answers, retries, backoff, failover between edges, TLS. */
package com.trafikito.agent.api;
