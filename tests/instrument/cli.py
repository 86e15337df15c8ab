#!/usr/bin/python3
# dabiao-cli profile list|test, ports, listen and dabiao-sim argument checks.
import os
import subprocess
import tempfile

CLI = os.environ['DABIAO_CLI']
SIM = os.environ['DABIAO_SIM']
CAPTURES = os.path.join(os.environ['G_TEST_SRCDIR'], 'instrument', 'captures')


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60)


# profile list: every built-in profile, with its family
r = run(CLI, 'profile', 'list')
assert r.returncode == 0, r.stderr
names = [line.split()[0] for line in r.stdout.splitlines()]
for name in ['generic-line', 'height-weight-line', 'modbus-spirometer', 'mt-sics', 'rs485-situp',
             'scpi-subject', 'stx-jump', 'timer-line', 'weighing-stream']:
    assert name in names, (name, r.stdout)

# profile test: a capture replayed, readings then problems (in Chinese)
r = run(CLI, 'profile', 'test', 'stx-jump', os.path.join(CAPTURES, 'stx-jump.cap'))
assert r.returncode == 0, r.stderr
lines = [l for l in r.stdout.splitlines() if not l.startswith('#')]
assert lines[0].startswith('215 cm standing_long_jump'), r.stdout
assert '受测者=A001' in lines[0] and '#1' in lines[0], lines[0]
assert '校验和错误' in r.stdout, r.stdout
assert '缺少第 3 条记录' in r.stdout, r.stdout
assert any('断号后由仪器补发' in l for l in lines), r.stdout
assert any('请设置仪器时钟' in l for l in lines), r.stdout

# a technician's own profile, from a file, tested without touching C
with tempfile.TemporaryDirectory() as tmp:
    profile = os.path.join(tmp, 'my-counter.json')
    with open(profile, 'w') as f:
        f.write('{"name": "my-counter", "family": "line", "item": "rope_1min",'
                ' "record": {"regex": "^N=(?<value>[0-9]+)$"}}')
    capture = os.path.join(tmp, 'cap.bin')
    with open(capture, 'wb') as f:
        f.write(b'N=123\r\nN=x\r\nN=98\r\n')
    r = run(CLI, 'profile', 'test', profile, capture)
    assert r.returncode == 0, r.stderr
    assert [l for l in r.stdout.splitlines() if not l.startswith('#')] == \
        ['123 count rope_1min', '98 count rope_1min'], r.stdout

    # a broken profile: one message naming the file and the setting
    with open(profile, 'w') as f:
        f.write('{"name": "my-counter", "family": "line", "item": "rope", "baud": 9600}')
    r = run(CLI, 'profile', 'test', profile, capture)
    assert r.returncode == 1, r
    assert profile in r.stderr and 'baud' in r.stderr, r.stderr

# unknown profile: lists the known ones
r = run(CLI, 'listen', '--port', '/dev/null', '--profile', 'nope')
assert r.returncode == 1 and 'weighing-stream' in r.stderr, r
r = run(CLI, 'listen')
assert r.returncode == 2, r
r = run(CLI, 'profile', 'test', 'stx-jump')
assert r.returncode == 2, r

# ports: lists what libserialport sees (possibly nothing), never fails
r = run(CLI, 'ports')
assert r.returncode == 0, r.stderr

# dabiao-sim argument checks
r = run(SIM, '--profile', 'mt-sics')
assert r.returncode == 2, r
r = run(SIM, '--profile', 'mt-sics', '--values', '1,x')
assert r.returncode == 2 and 'x' in r.stderr, r
r = run(SIM, '--profile', 'mt-sics', '--values', '1', '--fault', 'smoke')
assert r.returncode == 2 and 'smoke' in r.stderr, r

# listen --timeout: a silent port gives up with a clear message and status 1
with tempfile.TemporaryDirectory() as tmp:
    sim = subprocess.Popen([SIM, '--profile', 'weighing-stream', '--values', '70,71', '--rate', '0.01',
                            '--link', os.path.join(tmp, 'port')],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = sim.stdout.readline().strip()
    r = run(CLI, 'listen', '--port', port, '--profile', 'weighing-stream', '--count', '2', '--timeout', '1')
    sim.terminate()
    sim.wait()
    assert r.returncode == 1 and '超时' in r.stderr, r
# --random without --count: without end, as a station's simulator must be
# (trial 16b: the README's command stopped after 10 values, ~50 s); a
# simulator that has sent everything says so instead of vanishing.
with tempfile.TemporaryDirectory() as tmp:
    sim = subprocess.Popen([SIM, '--profile', 'stx-jump', '--random', '150:250', '--rate', '50',
                            '--link', os.path.join(tmp, 'port')],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = sim.stdout.readline().strip()
    r = run(CLI, 'listen', '--port', port, '--profile', 'stx-jump', '--count', '25', '--timeout', '20')
    sim.terminate()
    sim.wait()
    assert r.returncode == 0, r
    assert len(r.stdout.splitlines()) >= 25, r.stdout
    r = run(SIM, '--profile', 'weighing-stream', '--values', '70,71', '--rate', '50', '--linger', '0.1',
            '--link', os.path.join(tmp, 'port2'))
    assert r.returncode == 0, r
    assert '2' in r.stderr and '端口' in r.stderr, r.stderr
print('ok')
