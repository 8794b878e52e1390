#!/bin/sh
set -eu
# $COMMENTED_SHELL is not used
: "${DATABASE_URL:?DATABASE_URL must be set}"
MIGRATE="${RUN_MIGRATIONS:-true}"
if [ "$MIGRATE" = "true" ]; then
  echo 'running $NOT_EXPANDED migrations'
fi
exec "$@"
