#!/bin/sh
# Makes the sample certificates of this folder (see README.md). Run here;
# needs openssl 3. The files are committed: running it again gives new
# keys, serials and thumbprints, so the golden bundles would change.
set -eu
cat > ext.cnf <<'CNF'
[v1]
basicConstraints = CA:FALSE
1.3.6.1.4.1.311.20.2 = ASN1:BMPSTRING:User
[v2]
basicConstraints = CA:FALSE
1.3.6.1.4.1.311.21.7 = ASN1:SEQUENCE:tmpl
[tmpl]
oid = OID:1.3.6.1.4.1.311.21.8.1111111.2222222.3333333.4444444.5555555.66.7777777.8888888
major = INTEGER:100
minor = INTEGER:5
[none]
basicConstraints = CA:FALSE
CNF
openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -x509 -new -key ca.key -subj "/DC=test/DC=example/DC=corp/CN=CORP-CA" \
  -not_before 20260101000000Z -not_after 20310101000000Z -out ca.pem 2>/dev/null ||
  openssl req -x509 -new -key ca.key -subj "/DC=test/DC=example/DC=corp/CN=CORP-CA" -days 1826 -out ca.pem
openssl ecparam -name prime256v1 -genkey -noout -out leaf.key
sign() { # subject, section, out, -utf8?
  openssl req -new -key leaf.key -utf8 -subj "$1" -out leaf.csr
  openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -set_serial "0x$4" \
    -extfile ext.cnf -extensions "$2" -days 365 -out "$3"
}
sign "/DC=test/DC=example/DC=corp/CN=Users/CN=Alice Example" v1 v1-user.pem 1001
sign "/DC=test/DC=example/DC=corp/OU=Computers/CN=PC0042" v2 v2-machine.tmp 1002
openssl x509 -in v2-machine.tmp -outform DER -out v2-machine.cer
sign "/C=DE/O=Contoso, Ltd/CN=Jürgen Müller/emailAddress=jm@corp.example.test" none plain.tmp 1003
openssl x509 -in plain.tmp -outform DER -out plain.cer
rm -f ext.cnf leaf.csr ca.srl v2-machine.tmp plain.tmp ca.key leaf.key
