import { foldHeader } from './fold-header.js';

/** The fields an import understands; every reader's columns are mapped onto these. */
export const CANONICAL_FIELDS = [
  'customer_id',
  'phone_number',
  'phone_type',
  'source_system',
  'is_primary',
  'is_verified',
  'updated_at',
  'source_record_id',
  'country',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/**
 * Header names that companies' exports use for each field, Spanish and English, folded
 * (lowercase, no accents, words joined by `_`). Earlier names win when a file has several
 * candidates for one field (`celular` before `telefono_fijo`).
 */
export const HEADER_ALIASES: Readonly<Record<CanonicalField, readonly string[]>> = {
  phone_number: [
    'phone_number',
    'phone',
    'telefono',
    'celular',
    'movil',
    'mobile',
    'mobile_phone',
    'cell',
    'cellphone',
    'cell_phone',
    'tel',
    'telephone',
    'numero',
    'numero_telefono',
    'numero_de_telefono',
    'numero_celular',
    'numero_de_celular',
    'telefono_celular',
    'telefono_movil',
    'telefono_contacto',
    'telefono_fijo',
    'whatsapp',
    'msisdn',
    'contact_number',
    'phone_no',
    'tel_no',
    'fono',
  ],
  customer_id: [
    'customer_id',
    'id_cliente',
    'cliente_id',
    'cliente',
    'customer',
    'client_id',
    'cedula',
    'nit',
    'documento',
    'numero_documento',
    'no_documento',
    'num_documento',
    'identificacion',
    'numero_identificacion',
    'cc',
    'account_id',
    'codigo_cliente',
    'cod_cliente',
    'customer_number',
    'customer_no',
  ],
  phone_type: ['phone_type', 'tipo', 'tipo_telefono', 'tipo_de_telefono', 'type', 'line_type', 'tipo_linea'],
  source_system: [
    'source_system',
    'source',
    'fuente',
    'origen',
    'sistema',
    'sistema_origen',
    'canal',
    'channel',
  ],
  is_primary: ['is_primary', 'primary', 'principal', 'es_principal', 'preferido', 'preferred'],
  is_verified: ['is_verified', 'verified', 'verificado', 'esta_verificado', 'validado'],
  updated_at: [
    'updated_at',
    'fecha',
    'fecha_actualizacion',
    'ultima_actualizacion',
    'fecha_modificacion',
    'last_updated',
    'last_modified',
    'modified_at',
    'updated',
    'date',
  ],
  source_record_id: ['source_record_id', 'id', 'record_id', 'id_registro', 'registro', 'row_id'],
  country: ['country', 'pais', 'country_code', 'codigo_pais', 'iso_pais'],
};

const BY_ALIAS = new Map<string, CanonicalField>();
for (const field of CANONICAL_FIELDS) {
  for (const alias of HEADER_ALIASES[field]) if (!BY_ALIAS.has(alias)) BY_ALIAS.set(alias, field);
}

/**
 * The canonical field a header (or a `--map` key) names, accent- and case-insensitively,
 * or undefined.
 *
 * @example
 * canonicalFieldOf('Teléfono'); // 'phone_number'
 */
export function canonicalFieldOf(header: string): CanonicalField | undefined {
  return BY_ALIAS.get(foldHeader(header));
}
