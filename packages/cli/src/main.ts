process.stdout.write('cxcr4pet: no commands yet\n');
