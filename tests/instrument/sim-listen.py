#!/usr/bin/python3
# dabiao-sim + dabiao-cli listen for one profile, with every fault the
# simulator can inject: every value must arrive exactly once and in order
# (nothing lost, nothing invented), whatever the fault.  The listener does
# not stop at the expected count: it listens until the simulator has sent
# everything, lingered and gone, so a reading invented after the last value
# (modbus used to send the last one again under a new record number) shows.
#
# Usage: sim-listen.py PROFILE   (env: DABIAO_SIM, DABIAO_CLI)
import os
import re
import subprocess
import sys
import tempfile
import time

CASES = {
    # profile: (values, expected readings as (value, unit, item), extra listen args)
    'generic-line': ('172.5,165.0,180.2,158.4', None, ['--item', 'height']),
    'height-weight-line': ('175.6/70.5,160.2/48.2,181.0/80.0,150.3/41.7', None, []),
    'weighing-stream': ('72.5,72.5,60.1,48.3', None, []),
    'mt-sics': ('72.5,60.1,55.0,48.3', None, []),
    'scpi-subject': ('72.5,60.1,55.0,48.3', None, ['--participant', 'S2026001']),
    'stx-jump': ('215,198,240,187', None, []),
    'rs485-situp': ('42,38,51,29', None, []),
    'modbus-spirometer': ('3520,4100,2980,3310', None, []),
    'timer-line': ('205.4,211.0,199.9,230.3', None, []),
}
UNITS = {
    'generic-line': ['cm'], 'height-weight-line': ['cm', 'kg'], 'weighing-stream': ['kg'],
    'mt-sics': ['kg'], 'scpi-subject': ['kg'], 'stx-jump': ['cm'], 'rs485-situp': ['count'],
    'modbus-spirometer': ['ml'], 'timer-line': ['s'],
}
FAULTS = [None, 'garbage', 'split', 'checksum', 'unstable', 'disconnect', 'gap', 'clock']


def expected(profile, values):
    out = []
    for v in values.split(','):
        for part, unit in zip(v.split('/'), UNITS[profile]):
            out.append((round(float(part), 3), unit))
    return out


def run(profile, fault, seed):
    values, _, extra = CASES[profile]
    sim_args = [os.environ['DABIAO_SIM'], '--profile', profile, '--values', values,
                '--rate', '20', '--seed', str(seed), '--linger', '2',
                # the first value only once the listener has set up the port
                # (under load the listener may start after a value was sent)
                '--wait-for-host']
    if profile == 'generic-line':
        sim_args += ['--item', 'height']
    if fault:
        sim_args += ['--fault', fault]
    with tempfile.TemporaryDirectory() as tmp:
        sim_args += ['--link', os.path.join(tmp, 'port')]
        sim = subprocess.Popen(sim_args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        listen = None
        try:
            port = sim.stdout.readline().strip()
            assert port, 'dabiao-sim printed no port: ' + sim.stderr.read()
            listen = subprocess.Popen(
                [os.environ['DABIAO_CLI'], 'listen', '--port', port, '--profile', profile,
                 '--timeout', '60'] + extra,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            # Everything sent, then the linger: the simulator exits.
            sim.wait(timeout=40)
            time.sleep(0.5)
        finally:
            if sim.poll() is None:
                sim.terminate()
                sim.wait(timeout=10)
            if listen is not None:
                listen.terminate()
        out, err = listen.communicate(timeout=10)
        listen_result = subprocess.CompletedProcess(listen.args, 0, out, err)
    listen = listen_result
    got = []
    numbers = []
    for line in listen.stdout.splitlines():
        fields = line.split()
        got.append((round(float(fields[0]), 3), fields[1]))
        number = re.search(r' #(\d+)', line)
        numbers.append(int(number.group(1)) if number else None)
    # A record re-sent after a gap comes late, under its own record number:
    # the exact sequence is the one of the record numbers, when the device
    # numbers its records (each number once).
    if got and None not in numbers and len(set(numbers)) == len(numbers):
        got = [g for _, g in sorted(zip(numbers, got))]
    ok = got == expected(profile, values)
    return ok, listen, got


def main():
    profile = sys.argv[1]
    failures = 0
    for i, fault in enumerate(FAULTS):
        ok, listen, got = run(profile, fault, 1000 + i)
        print('%-20s %-10s %s %s' % (profile, fault or '-', 'ok' if ok else 'FAILED', got))
        if not ok:
            failures += 1
            print('  stdout:', listen.stdout)
            print('  stderr:', listen.stderr)
        if fault == 'clock' and ok and profile == 'stx-jump':
            # a device clock of 2000 is flagged on every reading
            assert all('⚠' in l for l in listen.stdout.splitlines()), listen.stdout
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
