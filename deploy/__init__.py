"""Running the app for a whole organisation: the load balancer's configuration and the script
that starts PostgreSQL, the replicas and the load balancer on one machine (``make cluster``)."""
