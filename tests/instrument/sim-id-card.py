#!/usr/bin/python3
# dabiao-sim playing a 二代证 reader + dabiao-cli listen --profile id-card,
# with every fault that applies to a card reader: each card arrives exactly
# once, in order, nothing invented — listened to without --count, until the
# simulator has gone.  A card cut half-way by a disconnect is reported and
# read again whole.
#
# env: DABIAO_SIM, DABIAO_CLI (tests/meson.build)
import os
import subprocess
import sys
import tempfile
import time

CARDS = [
    ('张三', '110105200805011233', '汉', ''),
    ('阿卜杜热合曼·买买提', '650102198503120023', '维吾尔', '乌鲁木齐市天山区'),
    ('𠮷野', '31011519500707421X', '', ''),
    ('王五', '110105200805011235', '回', ''),     # wrong check digit: the reader does not care
]
SEX = {'1': '男', '0': '女'}
FAULTS = [None, 'garbage', 'split', 'checksum', 'disconnect']


def expected():
    lines = []
    for name, number, nation, _ in CARDS:
        sex = '男' if int(number[16]) % 2 == 1 else '女'
        birth = '%s-%s-%s' % (number[6:10], number[10:12], number[12:14])
        lines.append(' '.join([name, sex, birth, number, nation or '汉']))
    return lines


def run(fault, seed):
    with tempfile.TemporaryDirectory() as tmp:
        port = os.path.join(tmp, 'port')
        args = [os.environ['DABIAO_SIM'], '--profile', 'id-card', '--rate', '10', '--seed', str(seed),
                '--linger', '1.5', '--link', port]
        for c in CARDS:
            args += ['--card', ','.join(c)]
        if fault:
            args += ['--fault', fault]
        sim = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert sim.stdout.readline().strip() == port, sim.stderr.read()
        listen = subprocess.Popen([os.environ['DABIAO_CLI'], 'listen', '--port', port, '--profile', 'id-card',
                                   '--timeout', '60'],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            sim.wait(timeout=50)
            time.sleep(1.0)     # anything still on its way
        finally:
            listen.terminate()
            out, err = listen.communicate(timeout=10)
            if sim.poll() is None:
                sim.kill()
    return sim.returncode, out.splitlines(), err


def main():
    failures = 0
    want = expected()
    for i, fault in enumerate(FAULTS):
        rc, got, err = run(fault, 2000 + i)
        ok = rc == 0 and got == want
        if fault == 'disconnect':
            # the half card is named, and dropped
            ok = ok and '中途断开' in err
        if fault == 'checksum':
            ok = ok and '校验' in err
        print('id-card %-10s %s' % (fault or '-', 'ok' if ok else 'FAILED'))
        if not ok:
            failures += 1
            print('  want:', want)
            print('  got: ', got)
            print('  stderr:', err)
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
