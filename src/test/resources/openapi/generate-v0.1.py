# Generates the project's v0.1 documents from CAMARA r1.2 (issue 17); run once, result committed.
import yaml, copy, sys
REF = '../shared/reference/camara/qos-booking/r1.2/'  # run from the project root
OUT = 'src/main/resources/openapi/'

class D(yaml.SafeDumper):
    def ignore_aliases(self, data): return True
def str_rep(dumper, data):
    if '\n' in data:
        return dumper.represent_scalar('tag:yaml.org,2002:str', data, style='|')
    return dumper.represent_scalar('tag:yaml.org,2002:str', data)
D.add_representer(str, str_rep)

def ref(n): return {'$ref': '#/components/schemas/' + n}

def flatten(s, schemas):
    """allOf of objects (refs resolved one level) -> one object with additionalProperties false"""
    props, req = {}, []
    desc = s.get('description')
    for part in s['allOf']:
        if '$ref' in part:
            part = schemas[part['$ref'].split('/')[-1]]
        props.update(part.get('properties', {}))
        req += [r for r in part.get('required', []) if r not in req]
    out = {}
    if desc: out['description'] = desc
    out['type'] = 'object'
    out['properties'] = props
    if s.get('required'):
        req += [r for r in s['required'] if r not in req]
    if req: out['required'] = req
    out['additionalProperties'] = False
    return out

def strict(s):
    s['additionalProperties'] = False
    return s

def variant(schemas, name, disc, value):
    base = schemas[name]
    part = base['allOf'][1]
    out = {'description': base.get('description', name), 'type': 'object',
           'required': [disc] + part.get('required', []),
           'properties': {disc: {'type': 'string', 'enum': [value]}}}
    out['properties'].update(part['properties'])
    out['additionalProperties'] = False
    return out

def credentials(schemas):
    at = schemas['AccessTokenCredential']
    part = at['allOf'][1]
    flat = {'type': 'object', 'description': at.get('description', 'An access token credential.'),
            'required': ['credentialType'] + part['required'],
            'properties': {'credentialType': {'type': 'string', 'enum': ['ACCESSTOKEN']}}}
    flat['properties'].update(part['properties'])
    flat['additionalProperties'] = False
    schemas['AccessTokenCredential'] = flat
    schemas['SinkCredential'] = {
        'description': 'A sink credential provides authentication or authorization information necessary to enable delivery of events to a target.\n'
                       'The adapter supports `ACCESSTOKEN` only (v0.1). The schema accepts any other `credentialType`\n'
                       '(`PLAIN`, `REFRESHTOKEN`, ...: branch `UnsupportedCredential`) so that the adapter can answer it with\n'
                       '`400 INVALID_CREDENTIAL` instead of a generic `400 INVALID_ARGUMENT`.\n',
        'type': 'object',
        'properties': {'credentialType': {'type': 'string', 'description': 'The type of the credential.'}},
        'required': ['credentialType'],
        'oneOf': [ref('AccessTokenCredential'), ref('UnsupportedCredential')],
        'discriminator': {'propertyName': 'credentialType',
                          'mapping': {'ACCESSTOKEN': '#/components/schemas/AccessTokenCredential'}}}
    schemas['UnsupportedCredential'] = {
        'type': 'object',
        'description': 'Any credential whose `credentialType` is not supported. It passes schema validation on\npurpose: the adapter refuses it with `400 INVALID_CREDENTIAL`.\n',
        'required': ['credentialType'],
        'properties': {'credentialType': {'type': 'string', 'not': {'enum': ['ACCESSTOKEN']}}}}
    del schemas['PlainCredential']
    del schemas['RefreshTokenCredential']

NOTE = ('**qos-booking-adapter\'s own OpenAPI document** for the released CAMARA *{title}* API v0.1.0\n'
        '(QoSBooking release r1.2, Commonalities 0.6), served beside v0.2 on the same bookings (issue 17).\n'
        'Paths, operationIds, scopes, schemas, constraints and error codes follow the r1.2 document; the\n'
        'deliberate deviations are listed in `src/test/resources/openapi/conformance-allowlist.yaml`:\n'
        'request bodies are described with `additionalProperties: false` at every level, and\n'
        '`sinkCredential` accepts only `ACCESSTOKEN` (any other type is answered `400 INVALID_CREDENTIAL`).\n\n')

def common(d, path, title):
    d['info']['description'] = NOTE.format(title=title) + d['info']['description']
    d['servers'] = [{'url': 'http://localhost' + path}]
    s = d['components']['schemas']
    credentials(s)
    for n in ['Device', 'DeviceIpv4Addr', 'RetrieveBookingByDevice', 'Point']:
        strict(s[n])
    return s

def qba():
    d = yaml.safe_load(open(REF + 'qos-booking-and-assignment.yaml').read().replace('\\/', '/'))
    s = common(d, '/qos-booking-and-assignment/v0.1', 'QoS Booking and Assignment')
    s['BookingInput'] = flatten(s['BookingInput'], s)
    strict(s['DeviceAssignmentInput'])
    s['Circle'] = variant(s, 'Circle', 'areaType', 'CIRCLE')
    s['Polygon'] = variant(s, 'Polygon', 'areaType', 'POLYGON')
    s['Area']['oneOf'] = [ref('Circle'), ref('Polygon')]
    for n in ['Latitude', 'Longitude']:
        s[n].pop('format', None)
    # r1.2's BOOKING_INPUT_2 writes the boundary as [longitude, latitude] pairs, which its own PointList refuses
    ex = d['components']['examples']['BOOKING_INPUT_2']['value']['serviceArea']
    ex['boundary'] = [{'latitude': p[1], 'longitude': p[0]} for p in ex['boundary']]
    return d

def qb():
    d = yaml.safe_load(open(REF + 'qos-booking.yaml').read().replace('\\/', '/'))
    s = common(d, '/qos-booking/v0.1', 'QoS Booking')
    s['CreateBooking'] = flatten(s['CreateBooking'], s)
    strict(s['ApplicationServer'])
    strict(s['PortsSpec'])
    strict(s['PortsSpec']['properties']['ranges']['items'])
    return d

for name, doc in [('qos-booking-and-assignment-v0.1.yaml', qba()), ('qos-booking-v0.1.yaml', qb())]:
    with open(OUT + name, 'w') as f:
        f.write('# Generated from CAMARA QoSBooking r1.2 (' + name.replace('-v0.1', '') + ') by the project; see the\n'
                '# allow-list for every deviation. Patterns are written without the `\\/` escape (same meaning).\n')
        yaml.dump(doc, f, Dumper=D, sort_keys=False, width=120, allow_unicode=True)
