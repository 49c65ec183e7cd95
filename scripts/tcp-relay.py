#!/usr/bin/env python3
"""A TCP relay that can cut a node off the network, for the fault tests (Tests/IntegrationTests/FaultTests.swift).

usage: tcp-relay.py LISTEN_PORT:TARGET_PORT [...]
Forwards each 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT. SIGUSR1 partitions: every relayed
connection is closed and new ones are refused until SIGUSR2 heals. Prints "ready" once listening.
"""
import asyncio
import signal
import sys

partitioned = False
connections = set()


async def pipe(reader, writer):
    try:
        while not partitioned:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


def handler(target):
    async def handle(client_reader, client_writer):
        if partitioned:
            client_writer.close()
            return
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target)
        except OSError:
            client_writer.close()
            return
        pair = (client_writer, server_writer)
        connections.add(pair)
        try:
            await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))
        finally:
            connections.discard(pair)
    return handle


def cut():
    global partitioned
    partitioned = True
    for a, b in list(connections):
        a.close()
        b.close()
    connections.clear()


def heal():
    global partitioned
    partitioned = False


async def main():
    servers = []
    for spec in sys.argv[1:]:
        listen, target = (int(x) for x in spec.split(":"))
        servers.append(await asyncio.start_server(handler(target), "127.0.0.1", listen))
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, cut)
    loop.add_signal_handler(signal.SIGUSR2, heal)
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    asyncio.run(main())
