/**
 * Colombia's fixed-line plan change of 2021-09-01 (CRC resolution 5826 of 2019): the old
 * one-digit indicator N and a 7-digit subscriber became the 10-digit `60N` + subscriber.
 * The regions are the departments each indicator served, named as Colombians write them.
 *
 * @example
 * CO_INDICATIVES['4'] // { indicative: '604', region: 'Antioquia, Córdoba, Chocó' }
 */
export const CO_INDICATIVES: Readonly<Record<string, { indicative: string; region: string }>> = {
  '1': { indicative: '601', region: 'Bogotá, Cundinamarca' },
  '2': { indicative: '602', region: 'Valle del Cauca, Cauca, Nariño' },
  '4': { indicative: '604', region: 'Antioquia, Córdoba, Chocó' },
  '5': { indicative: '605', region: 'Costa Caribe' },
  '6': { indicative: '606', region: 'Eje Cafetero' },
  '7': { indicative: '607', region: 'Santanderes, Arauca' },
  '8': { indicative: '608', region: 'Tolima, Huila, Boyacá, Meta y Orinoquía-Amazonía' },
};
