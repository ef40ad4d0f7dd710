#!/bin/sh
# GRpcHello, the sample gRPC server of session.jar: the bytes after these lines are a jar.
exec java -cp "$0" com.sessionjar.grpc.HelloServer "$@"
